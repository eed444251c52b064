"""Documents made from a strategy: open-data package, reporting calendar (reports come next)."""
