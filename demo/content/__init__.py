"""Hand-written demo articles: routine local news, incidents, hard negatives and a live pool."""
