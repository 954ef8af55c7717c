import hashlib


def token_hash(token: str) -> str:
    """SHA-256 of a high-entropy random token: what is stored instead of the token.

    The tokens are 256-bit random values, so a fast unsalted hash is enough: there is no
    dictionary to attack, and the lookup stays an indexed equality match.
    """
    return hashlib.sha256(token.encode()).hexdigest()
