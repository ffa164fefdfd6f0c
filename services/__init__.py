"""The write services: what every screen calls to change the store, and the one outcome it gets back."""
