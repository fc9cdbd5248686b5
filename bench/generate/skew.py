"""The skew of real participation: a few items draw most of the activity (Zipf), with a cap per item."""


def zipf_weights(n: int, exponent: float) -> list[float]:
    """Weight of rank 1..n: 1 / rank^exponent (a larger exponent, a steeper fall)."""
    return [1 / (rank ** exponent) for rank in range(1, n + 1)]


def allocate(total: int, weights: list[float], cap: int) -> list[int]:
    """Split `total` by `weights`, each share at most `cap` (the rest moves down the list)."""
    weight_sum = sum(weights)
    shares = [min(cap, int(total * w / weight_sum)) for w in weights]
    missing = total - sum(shares)
    index = 0
    while missing > 0 and index < 10 * len(shares) and cap > 0:
        position = index % len(shares)
        if shares[position] < cap:
            shares[position] += 1
            missing -= 1
        index += 1
    return shares
