"""Sources: feeds and sitemaps the server polls, narrating their new and changed articles by itself."""
