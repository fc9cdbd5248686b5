"""Knowing who lives where, and taking part without the internet.

Residency verified three ways (a letter code, in person at the office, the
municipality's register), paper participants held privately by their
municipality, and what staff file on a resident's behalf.
"""
