"""A deterministic synthetic register: the rows of every table, built from a seed and a few sizes."""
