"""The map: proposals, projects (with their routes) and localities' connection, as GeoJSON and as lists."""
