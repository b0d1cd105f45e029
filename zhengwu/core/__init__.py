"""Shared plumbing used by every app: no models, no views, no imports of project apps."""
