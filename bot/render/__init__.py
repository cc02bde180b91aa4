"""Rendering answers shared by the transports: plain text, the digest and watch messages, charts."""
