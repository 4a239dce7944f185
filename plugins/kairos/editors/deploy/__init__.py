"""The nightly deploy: one build and audit, and the maintenance page when it fails."""
