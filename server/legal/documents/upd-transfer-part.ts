import { longDate } from "./dates";
import { innKpp } from "./parties";
import { GREY, Sheet } from "./sheet";
import { CONTENT, MARGIN, NONE, type UpdDocument } from "./upd-document";

/** The transfer part of a УПД's first page (fields 8–19): basis, who handed over and who accepted, when, by whom. */
export function drawUpdTransferPart(sheet: Sheet, upd: UpdDocument, from: number): void {
  let top = from;
  const numbered = (code: string, label: string, value: string, x: number, width: number, bold = false) =>
    sheet.field(label, value, `[${code}]`, x, top, width, { size: 7, bold }) + 3;
  top += numbered("8", "Основание передачи (сдачи) / получения (приёмки)", upd.basis, MARGIN, CONTENT);
  top += numbered("9", "Данные о транспортировке и грузе", NONE, MARGIN, CONTENT);

  const colWidth = CONTENT / 2 - 10;
  const columns = [MARGIN, MARGIN + CONTENT / 2 + 10];
  const sides = [
    {
      x: columns[0]!,
      handed: ["10", "Товар (груз) передал / услуги, результаты работ, права сдал"],
      date: ["11", "Дата отгрузки, передачи (сдачи)", longDate(upd.date)],
      other: ["12", "Иные сведения об отгрузке, передаче"],
      responsible: "13",
      party: ["14", upd.seller],
    },
    {
      x: columns[1]!,
      handed: ["15", "Товар (груз) получил / услуги, результаты работ, права принял"],
      date: ["16", "Дата получения (приёмки)", "«___» ____________ 20__ г."],
      other: ["17", "Иные сведения о получении, приёмке"],
      responsible: "18",
      party: ["19", upd.buyer],
    },
  ] as const;
  const start = top;
  for (const s of sides) {
    top = start;
    const signLine = (code: string, caption: string) => {
      sheet.text(caption, s.x, top, { size: 7 });
      top += 18;
      const part = (colWidth - 22 - 16) / 3;
      ["(должность)", "(подпись)", "(ф.и.о.)"].forEach((hint, i) => {
        const lx = s.x + i * (part + 8);
        sheet.line(lx, top, lx + part, top, 0.3);
        sheet.text(hint, lx, top + 1, { size: 5, color: GREY, align: "center", width: part });
      });
      sheet.text(`[${code}]`, s.x + colWidth - 22, top - 8, { size: 6, color: GREY });
      top += 10;
    };
    signLine(s.handed[0], s.handed[1]);
    top += numbered(s.date[0], s.date[1], s.date[2], s.x, colWidth);
    top += numbered(s.other[0], s.other[1], NONE, s.x, colWidth);
    signLine(s.responsible, "Ответственный за правильность оформления факта хозяйственной жизни");
    const [code, party] = s.party;
    top += numbered(
      code,
      "Наименование экономического субъекта – составителя документа (в т. ч. комиссионера / агента)",
      `${party.name}, ИНН/КПП ${innKpp(party)}`,
      s.x,
      colWidth,
      true,
    );
    sheet.text("М. П.", s.x, top + 2, { size: 7 });
  }
}
