"""Trustwatch (诚信哨兵): dishonesty-event monitoring for food, medical and safety news."""

__version__ = "0.1.0"
