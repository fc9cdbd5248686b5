"""Events: what domains record when something happened, for others to read later.

The lowest way for one package to tell the others: a domain writes an event in
its own transaction; the notifications package (above every domain) reads
them, fans them out and sends email. Nothing here imports a domain.
"""
