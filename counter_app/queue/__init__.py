"""The queue at the counter: calling tickets and announcing them (DOMAIN.md §9, DESIGN.md §9)."""
