"""Internet operators: organisations with staff accounts that declare coverage per locality."""
