"""The read side: queries behind the pages, the API and the open data. Nothing here writes;
what changes state is a use case in services/."""
