"""Pure domain of the strategy builder: model, rules, checks, import/export, storage."""
