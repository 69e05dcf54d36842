"""Records behave as the dataclasses they replace, for what the program uses of them."""

from __future__ import annotations

from typing import ClassVar

import pytest

from counter_app.domain.records import FrozenRecordError, field, fields, record, replace


@record(frozen=True)
class Block:
    first: int
    last: int
    label: str = ""
    tags: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.first > self.last:
            raise ValueError("first after last")


@record
class Tally:
    name: str
    counts: dict[str, int] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)
    kind: ClassVar[str] = "tally"


@record(frozen=True)
class Named(Block):
    owner: str = "ward"


def test_positional_keyword_and_default_fields() -> None:
    block = Block(1, 9, tags=("a",))
    assert (block.first, block.last, block.label, block.tags) == (1, 9, "", ("a",))
    assert fields(Block) == ("first", "last", "label", "tags")
    assert fields(block) == fields(Block)
    with pytest.raises(TypeError):
        Block(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Block(1, 2, nope=3)  # type: ignore[call-arg]


def test_post_init_checks_every_construction_replace_included() -> None:
    with pytest.raises(ValueError, match="first after last"):
        Block(5, 1)
    with pytest.raises(ValueError, match="first after last"):
        replace(Block(1, 2), first=7)


def test_a_frozen_record_refuses_changes() -> None:
    block = Block(1, 2)
    with pytest.raises(FrozenRecordError):
        block.first = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del block.last
    assert block.first == 1


def test_equality_and_hash_by_class_and_fields() -> None:
    assert Block(1, 2, "x") == Block(1, 2, "x")
    assert Block(1, 2, "x") != Block(1, 2, "y")
    assert Block(1, 2) != Named(1, 2)  # another class, even a subclass
    assert Block(1, 2) != (1, 2, "", ())
    assert hash(Block(1, 2, "x")) == hash(Block(1, 2, "x"))
    assert len({Block(1, 2), Block(1, 2), Block(1, 3)}) == 2
    with pytest.raises(TypeError):
        hash(Tally("a"))  # a mutable record has no hash, as a dataclass has none


def test_each_record_gets_its_own_mutable_default() -> None:
    one, two = Tally("a"), Tally("b")
    one.counts["x"] = 1
    one.seen.append("y")
    assert (two.counts, two.seen) == ({}, [])
    one.name = "c"  # not frozen
    assert one == Tally("c", {"x": 1}, ["y"])


def test_class_variables_are_not_fields() -> None:
    assert fields(Tally) == ("name", "counts", "seen")
    assert Tally.kind == "tally"


def test_a_subclass_adds_fields_after_its_base() -> None:
    named = Named(1, 2, owner="city")
    assert fields(Named) == ("first", "last", "label", "tags", "owner")
    assert named.owner == "city"
    with pytest.raises(ValueError):
        Named(3, 1)  # the base's check still runs


def test_repr_names_every_field() -> None:
    assert repr(Block(1, 2, "x")) == "Block(first=1, last=2, label='x', tags=())"


def test_pattern_matching_by_position() -> None:
    match Block(1, 2):
        case Block(first, last):
            assert (first, last) == (1, 2)
        case _:
            pytest.fail("did not match")


def test_replace_refuses_an_unknown_field_and_a_non_record() -> None:
    with pytest.raises(TypeError, match="no field 'size'"):
        replace(Block(1, 2), size=3)
    with pytest.raises(TypeError, match="not a record"):
        replace(object())


def test_declarations_dataclass_refuses_are_refused() -> None:
    with pytest.raises(TypeError, match="non-default field 'last' follows default field"):

        @record
        class Wrong:
            first: int = 0
            last: int

    with pytest.raises(ValueError, match="mutable default"):

        @record
        class Shared:
            items: list[str] = []  # noqa: RUF012

    with pytest.raises(ValueError, match="not both"):
        field(default=1, default_factory=int)


@record(frozen=True)
class Login:
    username: str
    password: str = field(repr=False)
    attempts: int = field(default=0, compare=False)
    cache: dict[str, int] | None = field(default=None, init=False)


@record(frozen=True, eq=False)
class Handle:
    name: str


def test_fields_left_out_of_repr_equality_or_init() -> None:
    login = Login("an", "bí-mật")
    assert "bí-mật" not in repr(login)
    assert repr(login) == "Login(username='an', attempts=0, cache=None)"
    assert login == Login("an", "bí-mật", attempts=3)  # attempts not compared
    assert login != Login("an", "khác")
    assert hash(login) == hash(Login("an", "bí-mật", attempts=3))
    assert login.cache is None
    with pytest.raises(TypeError):
        Login("an", "x", cache={})  # type: ignore[call-arg]
    assert replace(login, attempts=2).attempts == 2
    with pytest.raises(TypeError, match="no field 'cache'"):
        replace(login, cache={})
    with pytest.raises(ValueError, match="needs a default"):
        field(init=False)


def test_eq_false_keeps_identity() -> None:
    one = Handle("a")
    assert one != Handle("a")
    assert one == one
    assert len({one, Handle("a")}) == 2


def test_annotations_must_be_the_strings_of_postponed_evaluation() -> None:
    with pytest.raises(TypeError, match="from __future__ import annotations"):
        source = "@record\nclass Early:\n    name: str\n"  # evaluated annotations
        exec(compile(source, "<early>", "exec", dont_inherit=True), {"record": record})


def test_a_redefined_field_keeps_its_place_and_takes_the_new_default() -> None:
    @record(frozen=True)
    class Labelled(Block):
        label: str = "khối"

    assert fields(Labelled) == fields(Block)
    assert Labelled(1, 2) == Labelled(1, 2, "khối", ())
