"""Plain value classes declared like dataclasses, at a fraction of their start cost.

``dataclasses`` imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``, about
10 ms) and on Python 3.11 compiles six methods per class one ``exec`` at a time
(about 1.4 ms a class). A command such as ``counter-app search`` defines a dozen value
classes before it reads a row, so those two costs were a third of its start. A record
compiles only its ``__init__`` (one ``exec``); equality, hashing, ``repr`` and the frozen
guard are shared functions driven by the field names.

What a record supports is what this program's value classes use, and no more:

- fields in declaration order (a base record's fields first), defaults given as values
  or with ``field(default=..., default_factory=..., init=, repr=, compare=)``, a
  default-less field after a defaulted one refused as ``dataclass`` refuses it, and a
  shared mutable default (a list, dict or set) refused too;
- ``__post_init__``, called by ``__init__``;
- ``frozen=True``: assignment raises :class:`FrozenRecordError` (an ``AttributeError``,
  as ``dataclasses.FrozenInstanceError`` is), and the record hashes by its fields;
- equality with a record of the same class, field by field (``eq=False``: identity);
  ``repr`` as dataclasses write it; ``__match_args__``;
- :func:`replace`, :func:`fields` and :func:`field_values` (one level, where
  ``dataclasses.asdict`` recurses).

Annotations are read as the strings ``from __future__ import annotations`` makes of
them (``ClassVar[...]`` marks a class variable), as in every module of this program.
Type checkers read a record as a dataclass (``dataclass_transform``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (4 ms of a start)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar, dataclass_transform, overload

    T = TypeVar("T")
else:

    def dataclass_transform(**_: object) -> object:
        return lambda function: function


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenRecordError(AttributeError):
    """Assignment to a field of a frozen record."""


class Field:
    __slots__ = ("compare", "default", "default_factory", "init", "repr")

    def __init__(
        self,
        default: Any = MISSING,
        default_factory: Any = MISSING,
        init: bool = True,
        repr: bool = True,  # dataclasses' name for it
        compare: bool = True,
    ) -> None:
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    @property
    def has_default(self) -> bool:
        return self.default is not MISSING or self.default_factory is not MISSING


def field(
    *,
    default: Any = MISSING,
    default_factory: Callable[[], Any] = MISSING,
    init: bool = True,
    repr: bool = True,  # dataclasses' name for it
    compare: bool = True,
) -> Any:
    """A field with a factory for its default (a fresh list or dict for each record), or
    left out of ``__init__`` (it takes its default), of ``repr`` (a password) or of
    equality and hashing (a lock, an event)."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("a field takes a default or a default_factory, not both")
    spec = Field(default, default_factory, init, repr, compare)
    if not init and not spec.has_default:
        raise ValueError("a field left out of __init__ needs a default")
    return spec


def fields(record: object) -> tuple[str, ...]:
    """The field names of a record or record class, in order."""
    names: tuple[str, ...] | None = getattr(record, "__record_fields__", None)
    if names is None:
        raise TypeError(f"{record!r} is not a record")
    return names


def field_values(record: object) -> dict[str, Any]:
    """The fields of a record by name (one level: a record inside stays a record)."""
    return {name: getattr(record, name) for name in fields(record)}


def replace(record: T, /, **changes: Any) -> T:
    """A copy of ``record`` with some fields changed, made (and checked) by ``__init__``."""
    settable: tuple[str, ...] | None = getattr(type(record), "__record_init__", None)
    if settable is None:
        raise TypeError(f"{record!r} is not a record")
    unknown = changes.keys() - set(settable)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r} to set")
    values = {name: getattr(record, name) for name in settable}
    values.update(changes)
    return type(record)(**values)


if TYPE_CHECKING:

    @overload
    def record(cls: type[T], /) -> type[T]: ...
    @overload
    def record(*, frozen: bool = False, eq: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True) -> Any:
    """Make ``cls`` a record: ``@record``, ``@record(frozen=True)``; ``eq=False`` keeps
    identity for equality and hashing."""

    def make(cls: type[T]) -> type[T]:
        return _build(cls, frozen, eq)

    return make if cls is None else make(cls)


# ---------------------------------------------------------------- building a class


def _own_names(cls: type) -> list[str]:
    # The class's own annotations (not a base's), without importing inspect.
    annotations: dict[str, Any] = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
    lazy = not annotations and "__annotate__" in cls.__dict__  # Python 3.14 without the import
    if lazy or not all(isinstance(kind, str) for kind in annotations.values()):
        raise TypeError(
            f"{cls.__qualname__}: a record's module needs 'from __future__ import annotations'"
        )
    return [
        name
        for name, kind in annotations.items()
        if not kind.startswith(("ClassVar", "typing.ClassVar"))
    ]


def _build(cls: type[T], frozen: bool, eq: bool) -> type[T]:
    # The fields in order: a base's first, a redefined one where the base had it.
    specs: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        specs.update(base.__dict__.get("__record_specs__", {}))
    for name in _own_names(cls):
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            spec = value
            if value.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, value.default)
        else:
            if value is not MISSING and type(value).__hash__ is None:
                # one list, dict or set shared by every record
                raise ValueError(f"mutable default for {cls.__name__}.{name}: use field()")
            spec = Field(default=value)
        specs[name] = spec
    _check_order(cls, specs)
    target: Any = cls  # methods are set on the class itself, as dataclass does
    target.__record_fields__ = tuple(specs)
    target.__record_specs__ = specs
    target.__record_init__ = tuple(n for n, spec in specs.items() if spec.init)
    target.__record_repr__ = tuple(n for n, spec in specs.items() if spec.repr)
    target.__record_compare__ = tuple(n for n, spec in specs.items() if spec.compare)
    target.__match_args__ = target.__record_init__  # type: ignore[misc]  # (mypy checks it even on Any)
    target.__init__ = _compile_init(cls, specs, frozen)
    if "__repr__" not in cls.__dict__:
        target.__repr__ = _repr
    if eq and "__eq__" not in cls.__dict__:
        target.__eq__ = _eq
        target.__hash__ = _hash if frozen else None
    if frozen:
        target.__setattr__ = _refuse_set
        target.__delattr__ = _refuse_delete
    return cls


def _check_order(cls: type, specs: dict[str, Field]) -> None:
    seen_default = ""
    for name, spec in specs.items():
        if not spec.init:
            continue
        if spec.has_default:
            seen_default = seen_default or name
        elif seen_default:
            raise TypeError(
                f"{cls.__name__}: non-default field {name!r} follows default field {seen_default!r}"
            )


def _compile_init(cls: type, specs: dict[str, Field], frozen: bool) -> Callable[..., None]:
    scope: dict[str, Any] = {"MISSING": MISSING, "set_": object.__setattr__}
    parameters, body = ["self"], []
    for name, spec in specs.items():
        value = name
        if spec.default_factory is not MISSING:
            scope[f"factory_{name}"] = spec.default_factory
            if spec.init:
                parameters.append(f"{name}=MISSING")
                value = f"factory_{name}() if {name} is MISSING else {name}"
            else:
                value = f"factory_{name}()"
        elif spec.default is not MISSING:
            scope[f"default_{name}"] = spec.default
            if spec.init:
                parameters.append(f"{name}=default_{name}")
            else:
                value = f"default_{name}"
        else:
            parameters.append(name)
        body.append(f" set_(self, {name!r}, {value})" if frozen else f" self.{name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append(" self.__post_init__()")
    source = f"def __init__({', '.join(parameters)}):\n" + ("\n".join(body) or " pass")
    exec(source, scope)  # the source holds identifiers only
    function: Callable[..., None] = scope["__init__"]
    function.__qualname__ = f"{cls.__qualname__}.__init__"
    return function


# ---------------------------------------------------------------- shared methods


def _values(record: Any) -> tuple[Any, ...]:
    return tuple([getattr(record, name) for name in record.__record_compare__])


def _repr(self: Any) -> str:
    parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_repr__)
    return f"{type(self).__qualname__}({parts})"


def _eq(self: Any, other: object) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self: Any) -> int:
    return hash(_values(self))


def _refuse_set(self: Any, name: str, value: object) -> None:
    raise FrozenRecordError(f"cannot assign to field {name!r}")


def _refuse_delete(self: Any, name: str) -> None:
    raise FrozenRecordError(f"cannot delete field {name!r}")
