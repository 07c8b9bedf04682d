"""The offline demo news site: three fictional Shanwei portals served on 127.0.0.1."""
