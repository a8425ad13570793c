class Refusal(Exception):
    """A service refused an action and saved nothing; the message is for the person who tried."""
