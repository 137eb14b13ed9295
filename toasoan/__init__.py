"""Tòa Soạn: a newsroom and news portal for Vietnamese-language publishers."""
