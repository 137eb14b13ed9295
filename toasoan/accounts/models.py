"""No models of our own: devices are django-otp's (TOTPDevice, StaticDevice), lockouts django-axes'."""
