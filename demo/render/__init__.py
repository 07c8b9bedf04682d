"""HTML, RSS and sitemap rendering for the three demo portals."""
