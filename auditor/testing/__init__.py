"""Writers of synthetic exports in the platforms' real layouts.

Tests, benchmarks and the demo builder all need archives that look exactly like the real
thing; keeping one writer per platform here (as httpx ships MockTransport) means every
fixture follows the same documented layout. Never put real people's data through these.
"""
