from ._import_base import ImportCommand


class Command(ImportCommand):
    kind = "people"
    help = "Importa personas desde CSV o XLSX: valida todo, informa por fila y escribe solo filas válidas."
