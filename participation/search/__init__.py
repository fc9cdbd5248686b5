"""Site search: one box finds proposals, agreements, projects, consultations, good practice and places."""
