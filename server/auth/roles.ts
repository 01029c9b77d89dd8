export { roleAtLeast } from "@/lib/grants";
