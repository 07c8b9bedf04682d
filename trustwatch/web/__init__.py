"""The Trustwatch web app (FastAPI): pages for reviewers, regulators and analysts, and a JSON API."""

from trustwatch.web.app import create_app

__all__ = ["create_app"]
