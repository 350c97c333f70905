"""Offline transcription with faster-whisper; built in issue 5."""
