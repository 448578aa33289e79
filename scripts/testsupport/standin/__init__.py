"""The loopback Cognito stand-in as a package: cognito_standin.py (beside this folder) is
its entry point and documents the config, the admin endpoints and the operations."""
