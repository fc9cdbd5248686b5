"""Open data: exports of every public list, Atom feeds, the DCAT catalogue, the embed widget, sitemap and robots."""
