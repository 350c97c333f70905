"""Coaching: sessions a team lead holds from an agent's scorecard, and their follow-up."""
