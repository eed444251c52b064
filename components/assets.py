"""Where the app serves the browser libraries its pages load (`static/`, served at /app/static/
by Streamlit's static file serving): from the app itself, not from a CDN, so that maps and
charts work when the room's wifi does not. Only a map's background tiles need the network;
without them the communes still draw on a blank background.
"""

LEAFLET_ASSETS = "/app/static/leaflet"  # the npm package leaflet 1.9.3
