"""Good practice: a solved problem written up so that other municipalities can copy it."""
