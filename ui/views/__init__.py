"""Rendering pieces shared by pages, so the pages themselves stay a screenful."""
