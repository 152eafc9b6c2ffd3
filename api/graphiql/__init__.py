"""GraphiQL served from the register's own files, so it works on a network with no way out."""
