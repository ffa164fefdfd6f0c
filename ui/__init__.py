"""Shared screen helpers: the string catalog, the cached engine, sign-in and page guards."""
