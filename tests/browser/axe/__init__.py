"""axe-core for the browser tests only, at a pinned version with its licence: the register never serves it."""
