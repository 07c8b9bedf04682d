"""The always-on service: scheduler, jobs, crawl subprocesses, metrics, health and the demo runner."""
