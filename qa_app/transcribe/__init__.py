"""Offline transcription with faster-whisper (issue 5): audio → speaker turns, metrics, masking.

Public entry points:

- ``engine.transcribe_file(path, TranscribeOptions.from_settings(settings), progress=fn)``
  returns a masked ``transcript.Transcript`` (``to_json()`` gives the stored/CLI shape;
  ``masked=False`` the words as heard);
- ``engine.model_for(options)`` loads the model once per process and raises
  ``errors.ModelUnavailableError`` at once when it is missing or corrupt;
- ``redact.mask_text(text, context)`` masks identifiers in any Indonesian text;
- ``dialogue.mask_dialogue([(speaker, text), ...])`` masks a conversation (a transcript's
  turns, a chat thread), the customer's answers to the agent's questions included;
- ``redact_audio.masked_spans(document, speakers)`` and ``redact_audio.redact(segment,
  spans)`` tone out the masked words of a stored transcript in its recording
  (``audio.load_segment(path)`` decodes it for pydub);
- errors are raised as ``errors.AudioInputError`` / ``ModelUnavailableError``, never returned.
"""
