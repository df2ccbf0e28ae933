from ._import_base import ImportCommand


class Command(ImportCommand):
    kind = "enterprises"
    help = "Importa empresas (MiPymes) y sus cifras de un año desde CSV o XLSX; escribe solo filas válidas."
