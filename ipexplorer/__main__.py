from ipexplorer.main import launch

launch()
