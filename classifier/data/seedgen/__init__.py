"""Generator of the seed corpus (classifier/data/seed.jsonl): templates and slot fillers written for the project."""
