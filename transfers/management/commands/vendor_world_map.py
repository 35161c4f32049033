"""Make static/public/map/world.svg from the npm package @svg-maps/world (CC BY 4.0).

    npm pack @svg-maps/world && tar xzf svg-maps-world-*.tgz
    python manage.py vendor_world_map package/world.svg

The page never fetches the map from elsewhere: the simplified file is committed with the
package's licence beside it (LICENSE.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from transfers.requests.public.world_map import simplify_svg_map, world_map_file


class Command(BaseCommand):
    help = "Simplify @svg-maps/world's world.svg into static/public/map/world.svg."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", type=Path, help="world.svg from the @svg-maps/world package")

    def handle(self, *args, source: Path, **options) -> None:
        if not source.is_file():
            raise CommandError(f"{source} is not a file: give the path of the package's world.svg.")
        simplified = simplify_svg_map(source.read_text(encoding="utf-8"))
        target = world_map_file()
        target.write_text(simplified, encoding="utf-8")
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {target} ({len(simplified):,} bytes from {source}).")
        )
