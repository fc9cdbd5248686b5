"""Regions, municipalities and the groupings (DSO, MAS, ITI, micro-regions) they form."""
