import json

from django.core.management.base import BaseCommand
from shapely.geometry import shape

from ntm.maps.boundary_layers import boundary_layer, layer_boundaries
from ntm.maps.topology import decode_topology, hausdorff_report
from ntm.units.models import Structure


class Command(BaseCommand):
    help = (
        "Build the map's boundary layers into the cache ahead of the first visitor, and report their size and "
        "how far the served boundaries stray from the stored ones (Hausdorff distance, degrees)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--structure", choices=Structure.values, action="append")

    def handle(self, *args, **options):
        for structure in options["structure"] or Structure.values:
            layer = boundary_layer(structure)
            stored = {b.unit.code: shape(b.geometry) for b in layer_boundaries(structure)}
            report = hausdorff_report(stored, decode_topology(json.loads(layer.body)))
            self.stdout.write(
                f"{structure}: {layer.units} units, {layer.arcs} arcs, {len(layer.body) / 1024:.1f} KB, "
                f"{len(layer.gzipped) / 1024:.1f} KB gzipped, max Hausdorff {report.maximum:.5f}° "
                f"({report.key or '-'})"
            )
