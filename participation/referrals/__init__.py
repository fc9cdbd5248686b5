"""Passing a proposal on to the region or the state when the municipalities cannot solve it alone."""
