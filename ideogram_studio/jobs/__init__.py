"""The bridge to Qt: edits on QThread workers and the job queue (`queue`); the history database
(`archive`) and the autosaved session (`session`), which import no Qt."""
