"""Discussion under proposals: Zipf over threads, replies nested to depth 3 as the discussion code nests them.

The popular proposals are the discussed ones. Proposal 2 gets exactly
`scale.discussed_comments` comments: the load runner opens it.
"""

from datetime import timedelta
from random import Random

from bench.generate.context import Context
from bench.generate.proposals import Proposals
from bench.generate.skew import allocate, zipf_weights
from bench.generate.texts import COMMENT_TEXTS

COMMENT_COLUMNS = ("id", "thread_id", "parent_id", "root_id", "depth", "path", "author_id", "body", "stance",
                   "edited_at", "deleted_at", "hidden_at", "hidden_reason", "hidden_reason_code", "hidden_by_id",
                   "created_at", "updated_at")
STANCES = ("for", "for", "against", "neutral", None)
MAX_DEPTH = 3
Placed = tuple[int, int, int, str]  # a written comment: (id, depth, root id, path)


def fill_comments(context: Context, proposals: Proposals) -> None:
    """`scale.comments` comments on the threads of public proposals."""
    s = context.scale
    public = [pid for pid in range(1, s.proposals + 1) if proposals.status[pid] != "draft" and pid != 2]
    remaining = max(0, s.comments - s.discussed_comments)
    shares = allocate(remaining, zipf_weights(len(public), 0.9), cap=max(50, remaining // 20))
    plan = [(2, s.discussed_comments)] + list(zip(public, shares, strict=True))
    context.writer.write("comment", COMMENT_COLUMNS, _rows(context, proposals, plan))


def _rows(context: Context, proposals: Proposals, plan: list[tuple[int, int]]):
    first_id = 1
    for pid, share in plan:
        yield from _thread_rows(context, proposals, pid, share, first_id)
        first_id += share


def _thread_rows(context: Context, proposals: Proposals, pid: int, share: int, first_id: int):
    """`share` comments at random moments since publication; a reply answers one of the last 30."""
    rng, thread, published = context.rng, proposals.thread[pid], proposals.published[pid]
    span = max(1.0, (context.now - published).total_seconds())
    offsets = sorted(rng.random() * span for _ in range(share))
    written: list[Placed] = []
    roots: dict[int, Placed] = {}
    for comment_id, offset in enumerate(offsets, start=first_id):
        when = published + timedelta(seconds=offset)
        body = rng.choice(COMMENT_TEXTS)
        parent_id, root, depth, path, stance = _place(rng, written, roots, comment_id)
        written.append((comment_id, depth, root, path))
        if depth == 1:
            roots[comment_id] = written[-1]
        yield (comment_id, thread, parent_id, root, depth, path, rng.randint(1, context.scale.users), body, stance,
               None, None, None, "", "", None, when, when)


def _place(rng: Random, written: list[Placed], roots: dict[int, Placed], comment_id: int) -> tuple:
    """(parent id, root id, depth, path, stance): a reply in 40 % of cases once the thread has comments
    (to the root when the chosen parent is already at MAX_DEPTH); a new root with a stance otherwise."""
    if written and rng.random() < 0.4:
        parent_id, parent_depth, root, parent_path = rng.choice(written[-30:])
        if parent_depth >= MAX_DEPTH:
            parent_id, parent_depth, root, parent_path = roots[root]
        return parent_id, root, parent_depth + 1, f"{parent_path}/{comment_id:010d}", None
    return None, comment_id, 1, f"{comment_id:010d}", rng.choice(STANCES)
