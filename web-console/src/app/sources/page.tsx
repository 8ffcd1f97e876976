import { Sources } from "@/components/Sources";

export default function SourcesPage() {
  return <Sources />;
}
