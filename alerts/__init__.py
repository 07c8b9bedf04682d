"""Verdicts to events to alerts to deliveries: clustering, routing, workflow, channels, dispatcher."""
