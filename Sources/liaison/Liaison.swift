import LiaisonCore
@main struct Liaison { static func main() {} }
