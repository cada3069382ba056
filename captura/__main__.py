from captura.cli import main

main()
